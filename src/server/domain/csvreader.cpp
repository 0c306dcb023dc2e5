#include "csvreader.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! The 1-based line of byte \a offset.
int lineAt(const QByteArray &bytes, qsizetype offset)
{
    return int(std::count(bytes.cbegin(), bytes.cbegin() + offset, '\n')) + 1;
}

//! Offset of the first byte that is not well-formed UTF-8 (no overlongs, no surrogates, nothing
//! above U+10FFFF), or -1 when all of \a bytes is.
qsizetype invalidUtf8At(const QByteArray &bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char min = 0x80;
        unsigned char max = 0xbf;
        if (c >= 0xc2 && c <= 0xdf) {
            length = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            length = 3;
            if (c == 0xe0)
                min = 0xa0; // overlong
            else if (c == 0xed)
                max = 0x9f; // surrogates
        } else if (c >= 0xf0 && c <= 0xf4) {
            length = 4;
            if (c == 0xf0)
                min = 0x90; // overlong
            else if (c == 0xf4)
                max = 0x8f; // above U+10FFFF
        } else {
            return i;
        }
        if (i + length > n)
            return i;
        if (p[i + 1] < min || p[i + 1] > max)
            return i;
        for (int k = 2; k < length; ++k) {
            if (p[i + k] < 0x80 || p[i + k] > 0xbf)
                return i;
        }
        i += length;
    }
    return -1;
}

char detectSeparator(const QByteArray &bytes, qsizetype from)
{
    qsizetype commas = 0;
    qsizetype semicolons = 0;
    bool quoted = false;
    for (qsizetype i = from; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            ++commas;
        else if (!quoted && c == ';')
            ++semicolons;
    }
    return semicolons > commas ? ';' : ',';
}

} // namespace

Error readCsv(const QByteArray &bytes, const CsvLimits &limits, CsvTable *out, QString *reason)
{
    QString scratch;
    if (!reason)
        reason = &scratch;
    const auto bad = [reason](const QString &message) {
        *reason = u"malformed"_s;
        return Error { ErrorKind::BadRequest, message };
    };
    const auto tooLarge = [reason](const QString &message) {
        *reason = u"too_large"_s;
        return Error { ErrorKind::PayloadTooLarge, message };
    };
    const auto encoding = [reason](const QString &message) {
        *reason = u"encoding"_s;
        return Error { ErrorKind::BadRequest, message };
    };
    if (bytes.size() > limits.maxBytes)
        return tooLarge(u"the file is larger than %1 bytes; split it"_s.arg(limits.maxBytes));
    if (bytes.startsWith("\xff\xfe") || bytes.startsWith("\xfe\xff"))
        return encoding(u"the file is UTF-16 (or UTF-32); save it as UTF-8"_s);
    if (const qsizetype nul = bytes.indexOf('\0'); nul >= 0)
        return encoding(u"line %1: a NUL byte; this is not a text file"_s.arg(lineAt(bytes, nul)));
    if (const qsizetype at = invalidUtf8At(bytes); at >= 0)
        return encoding(
            u"line %1 (byte %2): not UTF-8; save the file as UTF-8"_s.arg(lineAt(bytes, at))
                .arg(at + 1));
    const qsizetype start = bytes.startsWith("\xef\xbb\xbf") ? 3 : 0;
    CsvTable table;
    table.separator = detectSeparator(bytes, start);
    const char sep = table.separator;

    QStringList cells;
    QByteArray cell;
    bool quoted = false; // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (and its closing quote seen)
    qsizetype recordStart = start;
    int line = 1;
    int recordLine = 1;
    int number = 0;
    const auto endCell = [&] {
        cells.append(QString::fromUtf8(cell));
        cell.clear();
        wasQuoted = false;
    };
    const auto endRecord = [&](qsizetype end) -> Error {
        endCell();
        if (end - recordStart > limits.maxRowBytes)
            return tooLarge(
                u"line %1: a row longer than %2 bytes"_s.arg(recordLine).arg(limits.maxRowBytes));
        const bool blank = std::all_of(
            cells.cbegin(), cells.cend(), [](const QString &c) { return c.trimmed().isEmpty(); });
        if (!blank) {
            ++number;
            if (number == 1) {
                table.header = cells;
            } else {
                if (number - 1 > limits.maxRows)
                    return tooLarge(u"more than %1 rows; split the file"_s.arg(limits.maxRows));
                table.rows.append(CsvRow { number, recordLine, cells });
            }
        }
        cells.clear();
        return {};
    };
    for (qsizetype i = start; i < bytes.size(); ++i) {
        const char c = bytes.at(i);
        if (i - recordStart > limits.maxRowBytes)
            return tooLarge(
                u"line %1: a row longer than %2 bytes"_s.arg(recordLine).arg(limits.maxRowBytes));
        if (quoted) {
            if (c == '"') {
                if (i + 1 < bytes.size() && bytes.at(i + 1) == '"') {
                    cell.append('"');
                    ++i;
                } else {
                    quoted = false;
                    wasQuoted = true;
                }
            } else {
                if (c == '\n')
                    ++line;
                cell.append(c);
            }
            continue;
        }
        if (c == sep) {
            endCell();
        } else if (c == '\r' || c == '\n') {
            if (Error e = endRecord(i); !e.ok())
                return e;
            if (c == '\r' && i + 1 < bytes.size() && bytes.at(i + 1) == '\n')
                ++i;
            ++line;
            recordStart = i + 1;
            recordLine = line;
        } else if (c == '"') {
            if (!cell.isEmpty() || wasQuoted)
                return bad(u"line %1: a quote inside an unquoted field; quote the whole field "
                           "and double the quote (\"\")"_s.arg(line));
            quoted = true;
        } else {
            if (wasQuoted)
                return bad(
                    u"line %1: text after a closing quote; put a separator after it"_s.arg(line));
            cell.append(c);
        }
    }
    if (quoted)
        return bad(
            u"line %1: a quoted field is not closed before the end of the file"_s.arg(recordLine));
    if (recordStart < bytes.size() || !cells.isEmpty() || !cell.isEmpty()) {
        if (Error e = endRecord(bytes.size()); !e.ok())
            return e;
    }
    if (table.header.isEmpty()) {
        *reason = u"empty"_s;
        return Error { ErrorKind::BadRequest,
            u"the file is empty; the first row must name the columns"_s };
    }
    *out = std::move(table);
    return {};
}

} // namespace Ops
