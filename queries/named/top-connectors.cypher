// Top connectors: every entity with the number of distinct entities it is linked to (any relation, either direction), most connected first.
// params: (none)
// twin: freelance_kg.queries.centrality.top_connectors
MATCH (n:Entity)-[:FOUNDED|LEADS|WORKS_FOR|FUNDS|MEMBER_OF|PARTNERS_WITH|AFFILIATED_WITH|ACQUIRED|PARTICIPATED_IN|LOCATED_IN]-(m:Entity)
WHERE n.name IS NOT NULL AND n.id <> m.id
RETURN n.id AS entity, n.name AS name, count(DISTINCT m.id) AS connections
ORDER BY connections DESC, name
