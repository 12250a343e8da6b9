// Dossier's Neo4j schema. Every statement is idempotent (IF NOT EXISTS), so
// `dossier schema` and every `dossier load` may apply it again safely.
// Statements are separated by semicolons at line end.

// One node per id, for every label the graph holds.
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT office_id IF NOT EXISTS FOR (n:Office) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT country_id IF NOT EXISTS FOR (n:Country) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_id IF NOT EXISTS FOR (n:Meeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT statement_id IF NOT EXISTS FOR (n:Statement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT agreement_id IF NOT EXISTS FOR (n:Agreement) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT administration_id IF NOT EXISTS FOR (n:Administration) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT region_id IF NOT EXISTS FOR (n:Region) REQUIRE n.id IS UNIQUE;

// Lookups the loader and the saved queries make by property.
CREATE INDEX document_source IF NOT EXISTS FOR (n:Document) ON (n.source);
CREATE INDEX document_date IF NOT EXISTS FOR (n:Document) ON (n.date);

// Full-text search over names and aliases (aliasText joins the aliases), and
// over what was said and agreed.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS
FOR (n:Person|Office|Country|Organization|Meeting|Region) ON EACH [n.name, n.aliasText];
CREATE FULLTEXT INDEX statement_text IF NOT EXISTS
FOR (n:Statement|Agreement) ON EACH [n.text];

// Reload (graph/reload.go): a document's facts are found by their doc
// property, one index per relationship type, so that replacing one document
// does not scan every relationship; and one lock node per name.
CREATE INDEX holds_office_doc IF NOT EXISTS FOR ()-[r:HOLDS_OFFICE]-() ON (r.doc);
CREATE INDEX attended_doc IF NOT EXISTS FOR ()-[r:ATTENDED]-() ON (r.doc);
CREATE INDEX said_doc IF NOT EXISTS FOR ()-[r:SAID]-() ON (r.doc);
CREATE INDEX agreed_to_doc IF NOT EXISTS FOR ()-[r:AGREED_TO]-() ON (r.doc);
CREATE INDEX of_doc IF NOT EXISTS FOR ()-[r:OF]-() ON (r.doc);
CREATE INDEX mentioned_in_doc IF NOT EXISTS FOR ()-[r:MENTIONED_IN]-() ON (r.doc);
CREATE INDEX member_of_doc IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.doc);
CREATE CONSTRAINT reload_lock_name IF NOT EXISTS FOR (n:ReloadLock) REQUIRE n.name IS UNIQUE;
