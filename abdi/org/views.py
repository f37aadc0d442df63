from django.shortcuts import render

from abdi.org.selectors import org_tree_rows


def org_tree(request):
    return render(request, "org/tree.html", {"rows": org_tree_rows()})
