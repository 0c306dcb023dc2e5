#pragma once

#include <QTimer>

#include "dashpanel.h"

class QSortFilterProxyModel;
class QTableView;

namespace Ops {

class DriversTableModel;
class QueryClient;

//! \brief Drivers with their presence (in transit, idle, not responding, offline) and the time
//! since they last reported, ticking once a second with one dataChanged for two columns.
class DriversPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriversPanel)

public:
    explicit DriversPanel(QueryClient *queries, QWidget *parent = nullptr);
    ~DriversPanel() override;

    [[nodiscard]] DriversTableModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    //! The id of the selected driver (empty: none).
    [[nodiscard]] QString selectedDriver() const;

public Q_SLOTS:
    void selectDriver(const QString &id) override;

private:
    void onCurrentChanged();

    DriversTableModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QTimer m_tick;
    bool m_following = false; //!< selecting on behalf of selectDriver(): no signal
};

} // namespace Ops
