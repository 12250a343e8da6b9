// What a person said
// name: person-statements
// description: Statements whose text matches a full-text search, by a speaker
//   (person, organization or country) whose name contains the given text, with
//   the source document, its date and the sentence they were read from; in
//   time order. The topic is a Lucene query on the statement_text index:
//   fentanyl, "shared responsibility", weapon*, fentanyl OR cartels.
// param: name string "" Speaker name or alias, or part of it ("" for any speaker).
// param: topic string "fentanyl" Full-text query over what was said ("" for every statement).
CALL db.index.fulltext.queryNodes('statement_text', CASE trim($topic) WHEN '' THEN '*:*' ELSE $topic END)
YIELD node AS s
WHERE s:Statement
MATCH (speaker)-[r:SAID]->(s)
WHERE toLower(speaker.name) CONTAINS toLower($name)
   OR any(alias IN coalesce(speaker.aliases, []) WHERE toLower(alias) CONTAINS toLower($name))
OPTIONAL MATCH (d:Document {id: r.doc})
RETURN speaker.name AS speaker, labels(speaker)[0] AS speakerLabel, s.text AS statement,
  d.date AS date, d.source AS document, d.title AS title, r.evidence AS evidence
  ORDER BY date, document, speaker, statement
