#include "historymodel.h"

#include <QDateTime>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Ops {

HistoryModel::HistoryModel(QueryClient *client, TimeStyle style, QObject *parent)
    : JsonRowsModel(client, parent)
    , m_style(style)
{ }

HistoryModel::~HistoryModel() = default;

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return JsonRowsModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case ChangeColumn:
        return tr("Change");
    default:
        return {};
    }
}

QString HistoryModel::rowIdOf(const QJsonObject &row) const
{
    return QString::number(row.value("seq"_L1).toInteger());
}

QVariant HistoryModel::cell(const QJsonObject &row, int column, int role) const
{
    if (role != Qt::DisplayRole && role != SortRole && role != Qt::ToolTipRole)
        return {};
    const QDateTime ts =
        QDateTime::fromString(row.value("ts"_L1).toString(), Qt::ISODateWithMs).toLocalTime();
    if (role == Qt::ToolTipRole)
        return QLocale().toString(ts, QLocale::LongFormat);
    switch (column) {
    case TimeColumn:
        if (role == SortRole)
            return row.value("seq"_L1).toInteger();
        return m_style == TimeStyle::TimeOfDay ? QLocale().toString(ts, u"HH:mm:ss"_s)
                                               : QLocale().toString(ts, QLocale::ShortFormat);
    case ActorColumn:
        return row.value("actor"_L1).toString();
    case ChangeColumn:
        return describeRow(row);
    default:
        return {};
    }
}

} // namespace Ops
