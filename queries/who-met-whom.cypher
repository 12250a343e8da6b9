// Who met whom
// name: who-met-whom
// description: Pairs of people who attended the same meetings, with the number
//   of meetings they shared and their names, most frequent first. With a name,
//   only that person's counterparts; without, every pair once.
// param: name string "" Only pairs including this person, by name or alias or part of it ("" for every pair).
// param: minMeetings int 1 Least number of shared meetings.
MATCH (a:Person)-[:ATTENDED]->(m:Meeting)<-[:ATTENDED]-(b:Person)
WHERE a <> b
  AND CASE $name
    WHEN '' THEN a.name < b.name OR (a.name = b.name AND a.id < b.id)
    ELSE toLower(a.name) CONTAINS toLower($name)
      OR any(alias IN coalesce(a.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
  END
WITH DISTINCT a, b, m
  ORDER BY m.date, m.name
WITH a, b, collect(m.name) AS meetings
WHERE size(meetings) >= $minMeetings
RETURN a.name AS person, b.name AS metWith, size(meetings) AS meetingCount, meetings
  ORDER BY meetingCount DESC, person, metWith
