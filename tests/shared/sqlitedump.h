#pragma once

#include <QByteArray>
#include <QString>

//! Every row of every table of the SQLite database at \a path, in rowid order, with the schema
//! version, read on a read-only connection of its own: two equal dumps are the same database
//! content, value for value (the server may keep running).
QByteArray sqliteDump(const QString &path);

//! SHA-256 over the bytes of the database file at \a path and of its write-ahead log: equal
//! hashes are a byte-identical database on disk.
QByteArray sqliteFileHash(const QString &path);
