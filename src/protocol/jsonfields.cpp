#include "jsonfields.h"

#include <algorithm>

#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace Ops::JsonFields {

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
