"""The matter catalog: matters as data, their pre-fill, materials and validation rules."""
