"""The feedback API's views, one module per area; api/urls.py names them."""
