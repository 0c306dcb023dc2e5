#include "rowpatch.h"

#include <QHash>
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

std::optional<QJsonValue> patchRows(
    const QJsonValue &data, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown)
{
    if (!data.isArray()) {
        // One row (or nothing patchable): events of other rows are not its business.
        std::optional<QJsonValue> value;
        for (const ChangeEvent &event : events) {
            if (auto next = patchRows(value ? *value : data, event))
                value = std::move(next);
        }
        return value;
    }
    // One pass over the rows that stops once every named row was seen (for one event: the
    // same walk as patchRows(data, event)); nothing is allocated per row.
    QHash<QString, QList<qsizetype>> wanted; // row id → its events, in order
    for (qsizetype e = 0; e < events.size(); ++e)
        wanted[events.at(e).id].append(e);
    QJsonArray rows = data.toArray();
    bool changed = false;
    qsizetype remaining = wanted.size();
    for (qsizetype i = 0; i < rows.size() && remaining > 0; ++i) {
        const auto it = wanted.find(rows.at(i).toObject().value("id"_L1).toString());
        if (it == wanted.end())
            continue;
        QJsonObject row = rows.at(i).toObject();
        bool rowChanged = false;
        for (qsizetype e : std::as_const(*it)) {
            if (auto next = patchRow(row, events.at(e))) {
                row = std::move(*next);
                rowChanged = true;
            }
        }
        if (rowChanged) {
            rows.replace(i, row);
            changed = true;
        }
        wanted.erase(it);
        --remaining;
    }
    if (unknown) {
        for (const ChangeEvent &event : events) {
            if (wanted.contains(event.id))
                unknown->append(event);
        }
    }
    return changed ? std::optional<QJsonValue>(rows) : std::nullopt;
}

} // namespace Ops
