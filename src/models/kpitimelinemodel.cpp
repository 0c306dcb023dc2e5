#include "kpitimelinemodel.h"

#include <QDateTime>
#include <QLocale>

#include "keys/querykeys.h"

using namespace Qt::StringLiterals;

namespace Ops {

KpiTimelineModel::KpiTimelineModel(QueryClient *client, QObject *parent)
    : JsonRowsModel(client, parent)
{
    setKey(QueryKeys::kpiTimeline()); // here, where the overrides that read the rows are in place
}

KpiTimelineModel::~KpiTimelineModel() = default;

int KpiTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KpiTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case StartColumn:
        return tr("From");
    case CreatedColumn:
        return tr("Created");
    case DeliveredColumn:
        return tr("Delivered");
    default:
        return {};
    }
}

QString KpiTimelineModel::rowIdOf(const QJsonObject &row) const
{
    return row.value("start"_L1).toString();
}

QVariant KpiTimelineModel::cell(const QJsonObject &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    switch (column) {
    case StartColumn: {
        const QDateTime start =
            QDateTime::fromString(row.value("start"_L1).toString(), Qt::ISODateWithMs);
        return role == SortRole
            ? QVariant(start)
            : QVariant(QLocale().toString(start.toLocalTime().time(), u"HH:mm"_s));
    }
    case CreatedColumn:
        return row.value("created"_L1).toInteger();
    case DeliveredColumn:
        return row.value("delivered"_L1).toInteger();
    default:
        return {};
    }
}

} // namespace Ops
