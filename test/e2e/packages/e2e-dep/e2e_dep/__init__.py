WORD = "with its dependency"
