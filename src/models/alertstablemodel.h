#pragma once

#include <QColor>
#include <QDateTime>

#include "alertkinds.h"
#include "jsonrowsmodel.h"

namespace Ops {

//! \brief The alerts inbox: open and acknowledged alerts (`["alerts", {"status": …}]`).
//!
//! The alert column is worded by AlertText from the alert's code and params (the window's
//! language); the receipts column says who has seen and handled it.
//!
//! SortRole of the severity column ranks critical > warning > info and breaks ties by age
//! (older first), so a proxy sorted descending on it shows the most urgent alert on top.
//! Alerts snoozed until later than the model's clock are left out (the server leaves them out
//! of its default list too; the filter covers an optimistic snooze).
class AlertsTableModel final : public JsonRowsModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertsTableModel)

public:
    enum Column {
        SeverityColumn,
        MessageColumn,
        SubjectColumn,
        RaisedColumn,
        StatusColumn,
        ReceiptsColumn, //!< who has seen it, who acknowledged or resolved it, and when
        ColumnCount
    };
    Q_ENUM(Column)

    enum AlertRole {
        SeverityRole = FirstSubclassRole, //!< "critical", "warning", "info"
        StatusRole, //!< "open", "acknowledged", "resolved"
        VersionRole,
        SubjectRole,
    };
    Q_ENUM(AlertRole)

    //! Reads the inbox, QueryKeys::alertInbox(): open and acknowledged alerts.
    explicit AlertsTableModel(QueryClient *client, QObject *parent = nullptr);
    ~AlertsTableModel() override;

    [[nodiscard]] int columnCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    [[nodiscard]] static int severityRank(const QString &severity);
    [[nodiscard]] static QString severityLabel(const QString &severity);
    [[nodiscard]] static QColor severityColor(const QString &severity);
    [[nodiscard]] static QString statusLabel(const QString &status);

protected:
    [[nodiscard]] bool acceptsRow(const QJsonObject &row) const override;
    [[nodiscard]] QVariant cell(const QJsonObject &row, int column, int role) const override;
    [[nodiscard]] QList<int> changedRoles() const override;
};

} // namespace Ops
