#include "rowpatch.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

#include "query/rowlist.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

bool isWholeRow(const ChangeEvent &event)
{
    return event.fields.value("id"_L1).toString() == event.id && event.fields.contains("version"_L1)
        && event.fields.contains("status"_L1);
}

} // namespace

std::optional<QJsonValue> patchRows(const QJsonValue &data, const ChangeEvent &event)
{
    return patchRows(data, QList<ChangeEvent> { event }, nullptr);
}

std::optional<QJsonValue> patchRows(
    const QJsonValue &data, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown)
{
    if (data.isObject()) {
        // One row: events of other rows are not its business.
        RowList one(QJsonArray { data });
        bool changed = false;
        for (const ChangeEvent &event : events)
            changed = one.patch(event.id, event.version, event.fields) || changed;
        return changed ? std::optional<QJsonValue>(one.at(0)) : std::nullopt;
    }
    if (!data.isArray())
        return std::nullopt;
    RowList rows(data.toArray());
    return patchRows(rows, events, unknown) ? std::optional<QJsonValue>(rows.toJson())
                                            : std::nullopt;
}

bool patchRows(RowList &rows, const QList<ChangeEvent> &events, QList<ChangeEvent> *unknown)
{
    bool changed = false;
    for (const ChangeEvent &event : events) {
        if (!rows.contains(event.id)) {
            // A created row travels whole (`id` and `version` among its fields): the list the
            // event names takes it without a fetch.
            if (isWholeRow(event)) {
                QJsonObject row = event.fields;
                row.insert("version"_L1, event.version);
                changed = rows.upsertNewer(row, true) || changed;
                continue;
            }
            if (unknown)
                unknown->append(event); // a fetch must tell whether it belongs there
            continue;
        }
        changed = rows.patch(event.id, event.version, event.fields) || changed;
    }
    return changed;
}

} // namespace Ops
