"""Reading and checking data files, and building the model from them (YAML -> model)."""
