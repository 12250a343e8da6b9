package reload

import (
	"errors"
	"io"
	"net"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// isUnavailable reports whether err means the server could not be reached
// or went away, rather than refusing what was asked: then the reload is not
// at fault and the next one will converge.
func isUnavailable(err error) bool {
	var conn *neo4j.ConnectivityError
	var netErr net.Error
	if errors.As(err, &conn) || errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var limit *neo4j.TransactionExecutionLimit
	if errors.As(err, &limit) {
		for _, e := range limit.Errors {
			if isUnavailable(e) {
				return true
			}
		}
	}
	return false
}
