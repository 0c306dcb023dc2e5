#include "querykey.h"

#include <charconv>

#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

namespace Ops {
namespace {

//! A whole number held exactly (any qint64, also past 2^53, where a double cannot tell
//! neighbours apart); false for fractions and numbers out of range.
bool exactInteger(const QJsonValue &v, qint64 *out)
{
    // toInteger() returns the stored integer as is, or the value of a whole double that fits;
    // otherwise the default, so two different defaults tell a real result from a fallback.
    const qint64 a = v.toInteger(0);
    if (a == 0 && v.toInteger(1) != 0)
        return false;
    *out = a;
    return true;
}

//! Equal scalars; numbers compare exactly as integers when both are whole (QJsonValue's own
//! operator== compares them as doubles, so 2^53 and 2^53 + 1 would be one key).
bool sameScalar(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble()) {
        qint64 x = 0;
        qint64 y = 0;
        if (exactInteger(a, &x) && exactInteger(b, &y))
            return x == y;
    }
    return a == b;
}

bool partialMatch(const QJsonValue &value, const QJsonValue &filter)
{
    if (filter.isObject()) {
        if (!value.isObject())
            return false;
        const QJsonObject v = value.toObject();
        const QJsonObject f = filter.toObject();
        for (auto it = f.begin(); it != f.end(); ++it) {
            const auto found = v.constFind(it.key());
            if (found == v.constEnd() || !partialMatch(found.value(), it.value()))
                return false;
        }
        return true;
    }
    if (filter.isArray()) {
        if (!value.isArray())
            return false;
        const QJsonArray v = value.toArray();
        const QJsonArray f = filter.toArray();
        if (f.size() > v.size())
            return false;
        for (qsizetype i = 0; i < f.size(); ++i) {
            if (!partialMatch(v.at(i), f.at(i)))
                return false;
        }
        return true;
    }
    return sameScalar(value, filter);
}

//! The canonical text is built on the stack and copied once, at its exact size: one allocation
//! per key instead of one per part (setQueryData builds a key per call).
using Text = QVarLengthArray<char, 128>;

void append(Text &out, const char *s, qsizetype n)
{
    out.append(s, n);
}

void writeEscaped(Text &out, const QByteArray &utf8)
{
    for (const char c : utf8) {
        switch (c) {
        case '"':
            append(out, "\\\"", 2);
            break;
        case '\\':
            append(out, "\\\\", 2);
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                append(out, "\\u00", 4);
                out.append("0123456789abcdef"[(c >> 4) & 0xf]);
                out.append("0123456789abcdef"[c & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
}

void writeString(Text &out, const QString &s)
{
    out.append('"');
    // ASCII without escapes (the usual key part) is copied as is; anything else goes through UTF-8.
    const qsizetype start = out.size();
    bool plain = true;
    for (const QChar ch : s) {
        const char16_t u = ch.unicode();
        if (u >= 0x80 || u < 0x20 || u == u'"' || u == u'\\') {
            plain = false;
            break;
        }
        out.append(char(u));
    }
    if (!plain) {
        out.resize(start);
        writeEscaped(out, s.toUtf8());
    }
    out.append('"');
}

//! Canonical compact JSON; QJsonObject iterates its members sorted by key.
void write(Text &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        append(out, "null", 4);
        break;
    case QJsonValue::Bool:
        if (v.toBool())
            append(out, "true", 4);
        else
            append(out, "false", 5);
        break;
    case QJsonValue::Double: {
        // Whole numbers print as integers, exactly: a qint64 part is not rounded to a double
        // (2^53 + 1 stays apart from 2^53), and 5.0 and 5 are one key.
        if (qint64 n = 0; exactInteger(v, &n)) {
            char buf[24];
            const auto r = std::to_chars(buf, buf + sizeof buf, n);
            append(out, buf, r.ptr - buf);
        } else {
            const QByteArray text = QByteArray::number(v.toDouble(), 'g', 17);
            append(out, text.constData(), text.size());
        }
        break;
    }
    case QJsonValue::String:
        writeString(out, v.toString());
        break;
    case QJsonValue::Array: {
        out.append('[');
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out.append(',');
            write(out, a.at(i));
        }
        out.append(']');
        break;
    }
    case QJsonValue::Object: {
        out.append('{');
        const QJsonObject o = v.toObject();
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!first)
                out.append(',');
            first = false;
            writeString(out, it.key());
            out.append(':');
            write(out, it.value());
        }
        out.append('}');
        break;
    }
    }
}

//! Walks the canonical text: calls \a part(begin, end) for each top-level part until it returns
//! false. Strings may hold commas and brackets, so they are skipped as a whole.
template<typename Fn> void forEachPart(QByteArrayView text, Fn part)
{
    if (text.size() < 2 || text.front() != '[')
        return;
    qsizetype begin = 1;
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 1; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if (c == ']' || c == '}') {
            if (depth == 0) {
                if (i > begin)
                    part(begin, i);
                return;
            }
            --depth;
        } else if (c == ',' && depth == 0) {
            if (!part(begin, i))
                return;
            begin = i + 1;
        }
    }
}

//! One scalar part of a canonical text; false when it needs the full JSON parser.
bool parseScalar(QByteArrayView t, QJsonValue *out)
{
    if (t.isEmpty())
        return false;
    const char c = t.front();
    if (c == '"') {
        if (t.size() < 2 || t.back() != '"')
            return false;
        const QByteArrayView body = t.sliced(1, t.size() - 2);
        if (body.contains('\\'))
            return false;
        *out = QString::fromUtf8(body);
        return true;
    }
    if (t == "true" || t == "false") {
        *out = t == "true";
        return true;
    }
    if (t == "null") {
        *out = QJsonValue(QJsonValue::Null);
        return true;
    }
    if (c == '[' || c == '{')
        return false;
    const char *end = t.data() + t.size();
    if (!t.contains('.') && !t.contains('e') && !t.contains('E')) {
        qint64 n = 0;
        const auto r = std::from_chars(t.data(), end, n);
        if (r.ec != std::errc() || r.ptr != end)
            return false;
        *out = QJsonValue(n);
        return true;
    }
    bool ok = false;
    const double d = t.toByteArray().toDouble(&ok);
    if (!ok)
        return false;
    *out = d;
    return true;
}

bool isScalar(const QJsonValue &v)
{
    return !v.isArray() && !v.isObject();
}

} // namespace

QueryKey::QueryKey(std::initializer_list<QJsonValue> parts)
    : QueryKey(QJsonArray(parts))
{ }

QueryKey::QueryKey(QJsonArray parts)
    : m_parts(std::move(parts))
{
    Text text;
    text.append('[');
    for (qsizetype i = 0; i < m_parts.size(); ++i) {
        if (i)
            text.append(',');
        write(text, m_parts.at(i));
    }
    text.append(']');
    m_hash = QByteArray(text.constData(), text.size());
}

QueryKey QueryKey::fromHash(const QByteArray &hash)
{
    QueryKey key;
    key.m_hash = hash;
    bool scalars = true;
    forEachPart(hash, [&](qsizetype begin, qsizetype end) {
        QJsonValue v;
        if (!parseScalar(QByteArrayView(hash).sliced(begin, end - begin), &v)) {
            scalars = false;
            return false;
        }
        key.m_parts.append(v);
        return true;
    });
    if (!scalars)
        key.m_parts = QJsonDocument::fromJson(hash).array();
    return key;
}

qsizetype QueryKey::partCount(QByteArrayView hash)
{
    qsizetype n = 0;
    forEachPart(hash, [&n](qsizetype, qsizetype) {
        ++n;
        return true;
    });
    return n;
}

qsizetype QueryKey::prefixLength(QByteArrayView hash, qsizetype n)
{
    // The text up to (not including) the comma or bracket that ends part n: `["orders"` for 1.
    qsizetype length = 1;
    if (n <= 0)
        return length;
    qsizetype seen = 0;
    forEachPart(hash, [&](qsizetype, qsizetype end) {
        length = end;
        return ++seen < n;
    });
    return length;
}

bool QueryKey::matches(const QueryKey &filter) const
{
    if (filter.m_parts.size() > m_parts.size())
        return false;
    for (qsizetype i = 0; i < filter.m_parts.size(); ++i) {
        if (!partialMatch(m_parts.at(i), filter.m_parts.at(i)))
            return false;
    }
    return true;
}

QByteArray QueryKey::prefixHash(qsizetype n) const
{
    return m_hash.left(prefixLength(m_hash, n));
}

qsizetype QueryKey::scalarPrefixLength() const
{
    qsizetype n = 0;
    while (n < m_parts.size() && isScalar(m_parts.at(n)))
        ++n;
    return n;
}

} // namespace Ops
