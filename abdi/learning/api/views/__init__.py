"""The learning API's views, one module per area; api/urls/ names them."""
