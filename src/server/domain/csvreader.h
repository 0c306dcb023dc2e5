#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/error.h"

namespace Ops {

//! \brief How much a CSV file may hold; over a limit is PayloadTooLarge.
struct CsvLimits
{
    qsizetype maxBytes = 8 * 1024 * 1024;
    qsizetype maxRowBytes = 16 * 1024; //!< one record, quoted line breaks included
    int maxRows = 10000; //!< records after the header
};

//! \brief One record of a CSV file.
struct CsvRow
{
    int number = 0; //!< 1 is the header, as a spreadsheet numbers its rows
    int line = 0; //!< the file line the record starts on (1-based)
    QStringList cells;
};

//! \brief A parsed CSV file: its separator, its header and its records.
struct CsvTable
{
    char separator = ',';
    QStringList header;
    QList<CsvRow> rows;
};

//! Reads \a bytes as CSV (RFC 4180): UTF-8 with or without a byte order mark, `,` or `;` as the
//! separator (whichever the header line uses more of), fields optionally in double quotes
//! (`""` is a quote; quoted fields may hold separators and line breaks), CRLF or LF line ends.
//! Blank records (no text in any cell) are skipped. Refuses, with the reason and where: bytes
//! that are not UTF-8 (a UTF-16/32 byte order mark says so), a NUL byte, an unterminated or a
//! stray quote, a file without a header (BadRequest); a file, a record or a row count over
//! \a limits (PayloadTooLarge). Cell text is returned verbatim: nothing is evaluated, so a
//! cell such as `=1+2` stays that text. A refusal's kind of problem goes to \a reason
//! (`too_large`, `encoding`, `malformed`, `empty`: a metrics label). Also the fuzz target's
//! entry point.
[[nodiscard]] Error readCsv(
    const QByteArray &bytes, const CsvLimits &limits, CsvTable *out, QString *reason = nullptr);

} // namespace Ops
