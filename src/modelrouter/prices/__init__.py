"""Current prices: the catalog's dated table with price lists laid over it at run time."""
