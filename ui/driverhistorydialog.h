#pragma once

#include <QDialog>

class QLabel;
class QTableView;

namespace Ops {

class DriverHistoryModel;
class QueryClient;

//! \brief One driver's history (GET /api/drivers/<id>/history): added, renamed, phone and
//! vehicle changes, region moves, deactivated and reactivated, phones registered and revoked.
class DriverHistoryDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverHistoryDialog)

public:
    DriverHistoryDialog(QueryClient *queries, const QString &driverId, const QString &driverName,
        QWidget *parent = nullptr);
    ~DriverHistoryDialog() override;

    [[nodiscard]] DriverHistoryModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }

private:
    void refreshNote();

    DriverHistoryModel *m_model;
    QTableView *m_view;
    QLabel *m_note;
};

} // namespace Ops
