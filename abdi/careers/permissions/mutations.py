"""Who sees and decides transfer requests and rotation plans."""
