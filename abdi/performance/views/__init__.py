"""The performance app's pages, one module per area; the url lists in urls/ name them."""
