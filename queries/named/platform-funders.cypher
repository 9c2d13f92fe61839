// Funders of a person's platforms: for each platform the person founded, leads, works for or is a member of, who funds it.
// params: person
// twin: freelance_kg.queries.paths.platform_funders
MATCH (p:Person)
WHERE toLower(p.name) = toLower($person)
   OR any(alias IN p.aliases WHERE toLower(alias) = toLower($person))
MATCH (p)-[:FOUNDED|LEADS|WORKS_FOR|MEMBER_OF]->(pl:Platform)<-[:FUNDS]-(f:Entity)
WHERE f.name IS NOT NULL
RETURN DISTINCT pl.name AS platform, f.name AS funder
ORDER BY platform, funder
