#include "jsonrowsmodel.h"

namespace Ops {

JsonRowsModel::JsonRowsModel(QueryClient *client, QObject *parent, bool versionedRows)
    : TypedRowDiffModel<QJsonObject>(client, versionedRows, parent)
{ }

JsonRowsModel::~JsonRowsModel() = default;

QVariant JsonRowsModel::rowCell(int row, int column, int role) const
{
    switch (role) {
    case IdRole:
        return idAt(row);
    case RowRole:
        return rowAt(row);
    default:
        return cell(rowAt(row), column, role);
    }
}

std::optional<QJsonObject> JsonRowsModel::decode(const QJsonObject &json, QString *) const
{
    return json;
}

QList<int> JsonRowsModel::changedRoles() const
{
    return { Qt::DisplayRole, Qt::ToolTipRole, Qt::ForegroundRole, Qt::DecorationRole, SortRole,
        RowRole };
}

} // namespace Ops
