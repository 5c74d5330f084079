echo shards: todo
