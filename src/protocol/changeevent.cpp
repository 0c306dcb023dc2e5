#include "changeevent.h"

#include <QJsonValue>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

bool isExactInteger(const QJsonValue &v)
{
    const double d = v.toDouble();
    return v.isDouble() && d >= 0 && d <= 9007199254740991.0
        && d == static_cast<double>(static_cast<qint64>(d));
}

} // namespace

QString StreamPosition::toHeaderValue() const
{
    return u"%1:%2"_s.arg(epoch).arg(seq);
}

std::optional<StreamPosition> StreamPosition::fromHeaderValue(QStringView value)
{
    const qsizetype colon = value.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    bool ok = false;
    const qint64 seq = value.mid(colon + 1).toLongLong(&ok);
    if (!ok || seq < 0)
        return std::nullopt;
    return StreamPosition { value.left(colon).toString(), seq };
}

QJsonObject ChangeEvent::toJson() const
{
    QJsonObject json {
        { "seq"_L1, seq },
        { "epoch"_L1, epoch },
        { "type"_L1, type },
        { "entity"_L1, entity },
        { "id"_L1, id },
        { "version"_L1, version },
        { "ts"_L1, ts.toUTC().toString(Qt::ISODateWithMs) },
    };
    if (!fields.isEmpty())
        json.insert("fields"_L1, fields);
    return json;
}

std::optional<ChangeEvent> ChangeEvent::fromJson(const QJsonObject &json, QString *error)
{
    QString scratch;
    if (!error)
        error = &scratch;
    static const QRegularExpression typePattern(u"^[a-z][a-z_]*\\.[a-z][a-z_]*$"_s);
    ChangeEvent e;
    if (!isExactInteger(json.value("seq"_L1)) || json.value("seq"_L1).toDouble() < 1) {
        *error = u"event 'seq' must be a positive integer"_s;
        return std::nullopt;
    }
    e.seq = static_cast<qint64>(json.value("seq"_L1).toDouble());
    e.epoch = json.value("epoch"_L1).toString();
    e.type = json.value("type"_L1).toString();
    e.entity = json.value("entity"_L1).toString();
    e.id = json.value("id"_L1).toString();
    if (e.epoch.isEmpty() || !typePattern.match(e.type).hasMatch() || e.entity.isEmpty()
        || e.id.isEmpty()) {
        *error =
            u"event needs non-empty 'epoch', 'entity', 'id' and a 'type' like 'order.updated'"_s;
        return std::nullopt;
    }
    if (!isExactInteger(json.value("version"_L1))) {
        *error = u"event 'version' must be a non-negative integer"_s;
        return std::nullopt;
    }
    e.version = static_cast<qint64>(json.value("version"_L1).toDouble());
    e.ts = QDateTime::fromString(json.value("ts"_L1).toString(), Qt::ISODateWithMs);
    if (!e.ts.isValid()) {
        *error = u"event 'ts' must be an ISO 8601 timestamp"_s;
        return std::nullopt;
    }
    const QJsonValue fields = json.value("fields"_L1);
    if (!fields.isUndefined() && !fields.isObject()) {
        *error = u"event 'fields' must be an object"_s;
        return std::nullopt;
    }
    e.fields = fields.toObject();
    return e;
}

} // namespace Ops
