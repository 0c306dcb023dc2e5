#include "jsonfields.h"

#include <algorithm>

#include <QJsonValue>
#include <QSet>
#include <QVarLengthArray>

using namespace Qt::StringLiterals;

namespace Ops::JsonFields {
namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

//! The string literal starting at \a begin (on its opening quote) of a valid document, decoded
//! to UTF-16; \a end is set past its closing quote.
QString decodeString(QByteArrayView json, qsizetype begin, qsizetype *end)
{
    qsizetype i = begin + 1;
    qsizetype plain = i;
    while (i < json.size() && json.at(i) != '"' && json.at(i) != '\\')
        ++i;
    if (i < json.size() && json.at(i) == '"') {
        // No escapes: the common case.
        *end = i + 1;
        return QString::fromUtf8(json.sliced(plain, i - plain));
    }
    QString out = QString::fromUtf8(json.sliced(plain, i - plain));
    while (i < json.size() && json.at(i) != '"') {
        if (json.at(i) != '\\') {
            const qsizetype from = i;
            while (i < json.size() && json.at(i) != '"' && json.at(i) != '\\')
                ++i;
            out += QString::fromUtf8(json.sliced(from, i - from));
            continue;
        }
        const char e = i + 1 < json.size() ? json.at(i + 1) : '\0';
        i += 2;
        switch (e) {
        case 'b':
            out += u'\b';
            break;
        case 'f':
            out += u'\f';
            break;
        case 'n':
            out += u'\n';
            break;
        case 'r':
            out += u'\r';
            break;
        case 't':
            out += u'\t';
            break;
        case 'u': {
            char16_t unit = 0;
            for (int k = 0; k < 4 && i < json.size(); ++k, ++i)
                unit = char16_t(unit << 4 | qMax(0, hexValue(json.at(i))));
            out += QChar(unit);
            break;
        }
        default: // '"', '\\', '/'
            out += QLatin1Char(e);
            break;
        }
    }
    *end = i + 1;
    return out;
}

} // namespace

std::optional<QString> duplicateKey(QByteArrayView json)
{
    // One entry per open object or array; arrays hold no keys.
    struct Scope
    {
        bool object = false;
        bool expectKey = false;
        QSet<QString> keys;
    };
    QVarLengthArray<Scope, 8> scopes;
    qsizetype i = 0;
    while (i < json.size()) {
        const char c = json.at(i);
        switch (c) {
        case '"': {
            qsizetype end = i;
            if (!scopes.isEmpty() && scopes.last().object && scopes.last().expectKey) {
                QString key = decodeString(json, i, &end);
                Scope &scope = scopes.last();
                scope.expectKey = false;
                if (scope.keys.contains(key))
                    return key;
                scope.keys.insert(std::move(key));
            } else {
                // A value: skip it without decoding.
                end = i + 1;
                while (end < json.size() && json.at(end) != '"')
                    end += json.at(end) == '\\' ? 2 : 1;
                ++end;
            }
            i = end;
            continue;
        }
        case '{':
            scopes.append(Scope { true, true, {} });
            break;
        case '[':
            scopes.append(Scope { false, false, {} });
            break;
        case '}':
        case ']':
            if (!scopes.isEmpty())
                scopes.removeLast();
            break;
        case ',':
            if (!scopes.isEmpty() && scopes.last().object)
                scopes.last().expectKey = true;
            break;
        default:
            break;
        }
        ++i;
    }
    return std::nullopt;
}

bool readString(
    const QJsonObject &json, QLatin1StringView key, QString *out, QString *error, bool allowEmpty)
{
    const QJsonValue v = json.value(key);
    if (!v.isString() || (!allowEmpty && v.toString().isEmpty())) {
        *error = u"field '%1' must be a non-empty string"_s.arg(key);
        return false;
    }
    *out = v.toString();
    return true;
}

bool readInteger(const QJsonObject &json, QLatin1StringView key, qint64 *out, QString *error)
{
    const QJsonValue v = json.value(key);
    const double d = v.toDouble();
    if (!v.isDouble() || d > 9007199254740991.0 || d < -9007199254740991.0
        || d != static_cast<double>(static_cast<qint64>(d))) {
        *error = u"field '%1' must be an integer"_s.arg(key);
        return false;
    }
    *out = static_cast<qint64>(d);
    return true;
}

bool readDouble(const QJsonObject &json, QLatin1StringView key, double *out, QString *error)
{
    const QJsonValue v = json.value(key);
    if (!v.isDouble()) {
        *error = u"field '%1' must be a number"_s.arg(key);
        return false;
    }
    *out = v.toDouble();
    return true;
}

bool readTime(const QJsonObject &json, QLatin1StringView key, QDateTime *out, QString *error)
{
    const QJsonValue v = json.value(key);
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!v.isString() || !t.isValid()) {
        *error = u"field '%1' must be an ISO 8601 timestamp"_s.arg(key);
        return false;
    }
    *out = t;
    return true;
}

bool readEnum(const QJsonObject &json, QLatin1StringView key,
    std::initializer_list<QLatin1StringView> allowed, QString *out, QString *error)
{
    QString value;
    if (!readString(json, key, &value, error))
        return false;
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
        *error = u"field '%1' has the unknown value '%2'"_s.arg(key, value.left(64));
        return false;
    }
    *out = value;
    return true;
}

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace Ops::JsonFields
