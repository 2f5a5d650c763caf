// Package config reads cogd's settings from environment variables (and an
// optional .env file), validates them and returns a typed Config.
//
// The package has no globals and never reads the process environment on its
// own: Load and LoadLookup take the lookup function to use, so tests pass a
// map and the daemon passes os.Getenv, os.LookupEnv or the function returned
// by Environment, which lets the real environment win over a .env file.
//
// Every key, its default and its meaning are listed in DESIGN.md and in
// .env.example; Keys returns the same list and a test keeps the three in
// step. A bad value is reported as a single *Error whose text is one line
// naming the key and what is wrong; the bot token never appears in it.
package config
