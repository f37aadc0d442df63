"""The feedback app's pages, one module per area; urls.py and urls_public.py name them."""
