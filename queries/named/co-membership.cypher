// Co-membership: pairs of people tied to the same organisation, platform or funder (founded, leads, works for, member of).
// params: (none)
// twin: freelance_kg.queries.paths.co_memberships
MATCH (a:Person)-[:FOUNDED|LEADS|WORKS_FOR|MEMBER_OF]->(org:Entity)<-[:FOUNDED|LEADS|WORKS_FOR|MEMBER_OF]-(b:Person)
WHERE a.id < b.id AND org.name IS NOT NULL
  AND any(label IN labels(org) WHERE label IN ['Organization', 'Platform', 'Funder'])
RETURN DISTINCT a.name AS person_a, b.name AS person_b, org.name AS organisation
ORDER BY organisation, person_a, person_b
