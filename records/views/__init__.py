"""Client record pages, one module per topic. Every view fetches clients through ``client_for_request``."""
