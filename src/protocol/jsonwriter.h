#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QLatin1StringView>
#include <QStringView>

//! \file Compact JSON written straight into bytes, the same bytes as
//! `QJsonDocument::toJson(QJsonDocument::Compact)` of the equivalent QJsonObject, for the rows
//! a list read sends by the thousand. Building a QJsonObject per row and encoding it costs most
//! of a 10,000-row read.

namespace Ops::JsonWriter {

//! \a text as a JSON string. Plain printable ASCII is copied; anything else is escaped by Qt's
//! own writer, so the two can never differ.
void appendString(QByteArray &out, QStringView text);
//! `"key":` (\a key is plain ASCII without quotes or backslashes).
inline void appendKey(QByteArray &out, QLatin1StringView key)
{
    out += '"';
    out += QByteArrayView(key.data(), key.size());
    out += "\":";
}
void appendInteger(QByteArray &out, qint64 value);
//! As Qt writes a double: the shortest form that reads back the same; `null` if not finite.
void appendDouble(QByteArray &out, double value);
//! The UTC ISO 8601 form with milliseconds (`2026-11-22T18:40:00.000Z`), as
//! `toUTC().toString(Qt::ISODateWithMs)` writes it; `""` for an invalid time (as Qt does).
void appendIsoTime(QByteArray &out, const QDateTime &time);

} // namespace Ops::JsonWriter
