package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Tx runs fn in a transaction: it commits when fn returns nil and rolls back
// when fn returns an error (which Tx returns unchanged) or panics (which Tx
// re-panics after the rollback).
//
// fn must do all its work through tx, never through s: on SQLite the
// transaction holds the only writer connection, so a write through s would
// wait for it forever, and a read through s would not see tx's changes.
// Calling Tx on a transaction's *Store runs fn in that same transaction.
//
// On SQLite the transaction takes the write lock when it begins
// (BEGIN IMMEDIATE), so read-modify-write inside fn cannot be interleaved.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) error {
	if s.inTx {
		return fn(s)
	}
	gtx := s.write.WithContext(ctx).Begin()
	if gtx.Error != nil {
		return fmt.Errorf("begin transaction: %w", gtx.Error)
	}
	defer rollbackOnPanic(gtx)
	if err := fn(s.within(gtx)); err != nil {
		return rollback(gtx, err)
	}
	if err := gtx.Commit().Error; err != nil {
		return fmt.Errorf("commit transaction: %w", err)
	}
	return nil
}

// within returns a copy of s whose reads and writes go to the transaction.
func (s *Store) within(gtx *gorm.DB) *Store {
	tx := *s
	tx.write, tx.read, tx.conns, tx.inTx = gtx, gtx, nil, true
	return &tx
}

// rollback rolls gtx back after fn failed with err.
func rollback(gtx *gorm.DB, err error) error {
	rbErr := gtx.Rollback().Error
	if rbErr == nil || errors.Is(rbErr, sql.ErrTxDone) {
		return err
	}
	return errors.Join(err, fmt.Errorf("rollback transaction: %w", rbErr))
}

// rollbackOnPanic is deferred by Tx: it rolls back and re-panics.
func rollbackOnPanic(gtx *gorm.DB) {
	if p := recover(); p != nil {
		gtx.Rollback()
		panic(p)
	}
}
