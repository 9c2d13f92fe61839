// Path between two people: every chain of at most 3 relations (either direction) linking them, never through a place, shortest first.
// params: person_a, person_b
// twin: freelance_kg.queries.paths.paths_within
MATCH (a:Person), (b:Person)
WHERE a.id <> b.id
  AND (toLower(a.name) = toLower($person_a)
       OR any(alias IN a.aliases WHERE toLower(alias) = toLower($person_a)))
  AND (toLower(b.name) = toLower($person_b)
       OR any(alias IN b.aliases WHERE toLower(alias) = toLower($person_b)))
MATCH p = (a)-[:FOUNDED|LEADS|WORKS_FOR|FUNDS|MEMBER_OF|PARTNERS_WITH|AFFILIATED_WITH|ACQUIRED|PARTICIPATED_IN|LOCATED_IN*1..3]-(b)
WITH a, b, length(p) AS hops, nodes(p) AS ns
WHERE all(i IN range(1, hops - 1) WHERE ns[i].name IS NOT NULL AND NOT 'Place' IN labels(ns[i])
          AND ns[i].id <> a.id AND ns[i].id <> b.id)
  AND (hops < 3 OR ns[1].id <> ns[2].id)
RETURN DISTINCT hops, a.name AS `from`,
       CASE WHEN hops >= 2 THEN ns[1].name END AS via1,
       CASE WHEN hops = 3 THEN ns[2].name END AS via2,
       b.name AS `to`
ORDER BY hops, via1, via2
