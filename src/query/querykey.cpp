#include "querykey.h"

#include <QJsonObject>
#include <cmath>

namespace Ops {
namespace {

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
    return value == filter;
}

void writeString(QByteArray &out, const QString &s)
{
    out += '"';
    const QByteArray utf8 = s.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += "0123456789abcdef"[(c >> 4) & 0xf];
                out += "0123456789abcdef"[c & 0xf];
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

//! Canonical compact JSON; QJsonObject iterates its members sorted by key.
void write(QByteArray &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out += "null";
        break;
    case QJsonValue::Bool:
        out += v.toBool() ? "true" : "false";
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::abs(d) < 9007199254740992.0 && d == std::floor(d))
            out += QByteArray::number(qint64(d));
        else
            out += QByteArray::number(d, 'g', 17);
        break;
    }
    case QJsonValue::String:
        writeString(out, v.toString());
        break;
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            if (i)
                out += ',';
            write(out, a.at(i));
        }
        out += ']';
        break;
    }
    case QJsonValue::Object: {
        out += '{';
        const QJsonObject o = v.toObject();
        bool first = true;
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!first)
                out += ',';
            first = false;
            writeString(out, it.key());
            out += ':';
            write(out, it.value());
        }
        out += '}';
        break;
    }
    }
}

bool isScalar(const QJsonValue &v)
{
    return !v.isArray() && !v.isObject();
}

} // namespace

QueryKey::QueryKey(std::initializer_list<QJsonValue> parts)
    : QueryKey(QJsonArray(parts))
{
}

QueryKey::QueryKey(QJsonArray parts)
    : m_parts(std::move(parts))
{
    m_hash.reserve(32);
    m_hash += '[';
    for (qsizetype i = 0; i < m_parts.size(); ++i) {
        if (i)
            m_hash += ',';
        write(m_hash, m_parts.at(i));
    }
    m_hash += ']';
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
    if (n <= 0)
        return QByteArrayLiteral("[");
    // Walk the canonical text to the comma that ends part n: strings may hold commas.
    qsizetype part = 0;
    int depth = 0;
    bool inString = false;
    for (qsizetype i = 1; i < m_hash.size(); ++i) {
        const char c = m_hash.at(i);
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
            if (depth == 0)
                return m_hash.left(i);
            --depth;
        } else if (c == ',' && depth == 0) {
            if (++part == n)
                return m_hash.left(i);
        }
    }
    return m_hash;
}

qsizetype QueryKey::scalarPrefixLength() const
{
    qsizetype n = 0;
    while (n < m_parts.size() && isScalar(m_parts.at(n)))
        ++n;
    return n;
}

} // namespace Ops
