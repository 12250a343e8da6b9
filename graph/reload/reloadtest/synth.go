package reloadtest

import (
	"strings"

	"github.com/dossier-dev/dossier/graph"
)

// Doc is a document of a synthetic graph. Each fact is "FROM TYPE TO" with
// entity ids whose prefix gives the label: p- Person, o- Office, c- Country,
// g- Organization, m- Meeting, s- Statement, a- Agreement.
type Doc struct {
	Source, SHA string
	Facts       []string
}

// Label returns the label an entity id stands for ("" for an unknown prefix).
func Label(id string) string {
	prefix, _, _ := strings.Cut(id, "-")
	return map[string]string{"p": graph.LabelPerson, "o": graph.LabelOffice, "c": graph.LabelCountry,
		"g": graph.LabelOrganization, "m": graph.LabelMeeting, "s": graph.LabelStatement,
		"a": graph.LabelAgreement}[prefix]
}

// Synth builds a sorted graph as the extractor would shape it: document ids
// "doc-" + source, every entity of a fact a node named after its id (unless
// nodes gives it), MENTIONED_IN each document citing it, every fact with its
// doc and an evidence sentence.
func Synth(nodes []graph.Node, docs ...Doc) *graph.Graph {
	g := &graph.Graph{}
	have := map[string]bool{}
	for _, n := range nodes {
		g.Nodes = append(g.Nodes, n)
		have[n.ID] = true
	}
	for _, d := range docs {
		id := "doc-" + d.Source
		g.Documents = append(g.Documents, graph.Document{ID: id, Source: d.Source, SHA256: d.SHA, Title: d.Source})
		mentioned := map[string]bool{}
		for _, f := range d.Facts {
			from, rest, _ := strings.Cut(f, " ")
			typ, to, _ := strings.Cut(rest, " ")
			g.Relationships = append(g.Relationships, graph.Relationship{Type: typ, From: from, To: to,
				Properties: map[string]any{graph.PropDoc: id, graph.PropEvidence: d.Source + ": " + f}})
			for _, e := range []string{from, to} {
				if !have[e] {
					g.Nodes = append(g.Nodes, graph.Node{ID: e, Label: Label(e), Name: e})
					have[e] = true
				}
				if !mentioned[e] {
					g.Relationships = append(g.Relationships, graph.Relationship{Type: graph.RelMentionedIn,
						From: e, To: id, Properties: map[string]any{graph.PropDoc: id}})
					mentioned[e] = true
				}
			}
		}
	}
	g.Sort()
	return g
}
