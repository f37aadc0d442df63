"""The employees app's pages, one module per area; urls.py names them."""
