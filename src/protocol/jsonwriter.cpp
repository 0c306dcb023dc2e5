#include "jsonwriter.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

namespace Ops::JsonWriter {

namespace {

bool isPlain(QStringView text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u > 0x7e || u == u'"' || u == u'\\')
            return false;
    }
    return true;
}

void appendDigits(QByteArray &out, int value, int width)
{
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(digits, width);
}

} // namespace

void appendString(QByteArray &out, QStringView text)
{
    if (isPlain(text)) {
        out += '"';
        const qsizetype at = out.size();
        out.resize(at + text.size());
        char *dst = out.data() + at;
        for (const QChar c : text)
            *dst++ = char(c.unicode());
        out += '"';
        return;
    }
    // `["…"]` from Qt's writer, less the brackets.
    const QByteArray array =
        QJsonDocument(QJsonArray { text.toString() }).toJson(QJsonDocument::Compact);
    out += QByteArrayView(array).sliced(1, array.size() - 2);
}

void appendInteger(QByteArray &out, qint64 value)
{
    out += QByteArray::number(value);
}

void appendDouble(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

void appendIsoTime(QByteArray &out, const QDateTime &time)
{
    if (!time.isValid()) {
        out += "\"\"";
        return;
    }
    const QDateTime utc = time.toUTC();
    const QDate date = utc.date();
    const QTime clock = utc.time();
    if (date.year() < 1 || date.year() > 9999) {
        appendString(out, utc.toString(Qt::ISODateWithMs));
        return;
    }
    out += '"';
    appendDigits(out, date.year(), 4);
    out += '-';
    appendDigits(out, date.month(), 2);
    out += '-';
    appendDigits(out, date.day(), 2);
    out += 'T';
    appendDigits(out, clock.hour(), 2);
    out += ':';
    appendDigits(out, clock.minute(), 2);
    out += ':';
    appendDigits(out, clock.second(), 2);
    out += '.';
    appendDigits(out, clock.msec(), 3);
    out += "Z\"";
}

} // namespace Ops::JsonWriter
