package modstore

import (
	"context"
	"fmt"
	"strings"
)

// CasesNumbered returns up to limit of the guild's cases whose number
// starts with the decimal digits given (every case for ""), newest first;
// limit is clamped to 1..100. It serves the autocomplete of case numbers.
func (s *Store) CasesNumbered(ctx context.Context, guildID, digits string, limit int) ([]Case, error) {
	if strings.Trim(digits, "0123456789") != "" {
		return nil, fmt.Errorf("case number prefix %q: %w", digits, ErrInvalid)
	}
	db := s.db.ReadDB(ctx).Model(&caseRow{}).Where("guild_id = ?", guildID)
	if digits != "" {
		db = db.Where("CAST(case_number AS TEXT) LIKE ?", digits+"%")
	}
	var rows []caseRow
	if err := db.Order("case_number DESC").Limit(min(max(limit, 1), 100)).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("cases numbered %s… in guild %s: %w", digits, guildID, err)
	}
	cases := make([]Case, len(rows))
	for i, r := range rows {
		cases[i] = r.modCase()
	}
	return cases, nil
}
