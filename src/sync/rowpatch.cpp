#include "rowpatch.h"

#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

std::optional<QJsonObject> patchRow(const QJsonObject &row, const ChangeEvent &event)
{
    if (row.value("id"_L1).toString() != event.id)
        return std::nullopt;
    if (row.value("version"_L1).toInteger() >= event.version)
        return std::nullopt; // the cache already has this or a newer version
    QJsonObject next = row;
    for (auto it = event.fields.begin(); it != event.fields.end(); ++it) {
        if (it.key() != "id"_L1)
            next.insert(it.key(), it.value());
    }
    next.insert("version"_L1, event.version);
    return next;
}

} // namespace

std::optional<QJsonValue> patchRows(const QJsonValue &data, const ChangeEvent &event)
{
    if (data.isObject()) {
        if (auto row = patchRow(data.toObject(), event))
            return QJsonValue(*row);
        return std::nullopt;
    }
    if (!data.isArray())
        return std::nullopt;
    QJsonArray rows = data.toArray();
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows.at(i).toObject();
        if (row.value("id"_L1).toString() != event.id)
            continue;
        auto next = patchRow(row, event);
        if (!next)
            return std::nullopt;
        rows.replace(i, *next);
        return QJsonValue(rows);
    }
    return std::nullopt;
}

} // namespace Ops
