#pragma once

#include <QPointer>

#include "dashpanel.h"

class QSortFilterProxyModel;
class QTableView;

namespace Ops {

class DriversTableModel;
class Workspace;

//! \brief Drivers with their presence (in transit, idle, not responding, offline) and the time
//! since they last reported, moving with the workspace's clock (one dataChanged for two columns
//! per tick).
class DriversPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriversPanel)

public:
    //! Shows \a workspace's drivers list.
    explicit DriversPanel(Workspace *workspace, QWidget *parent = nullptr);
    ~DriversPanel() override;

    [[nodiscard]] DriversTableModel *model() const { return m_model; }
    [[nodiscard]] QTableView *view() const { return m_view; }
    //! The id of the selected driver (empty: none).
    [[nodiscard]] QString selectedDriver() const;

public Q_SLOTS:
    void selectDriver(const QString &id) override;

private:
    void onCurrentChanged();

    QPointer<DriversTableModel> m_model; //!< the workspace's
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    bool m_following = false; //!< selecting on behalf of selectDriver(): no signal
};

} // namespace Ops
