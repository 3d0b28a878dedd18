WHERE = "from the extra index"
