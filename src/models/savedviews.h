#pragma once

#include <optional>

#include <QStringList>

#include "ordersfilterproxy.h"
#include "orderstablemodel.h"

class QSettings;

namespace Ops {

//! \brief A named orders view: the filters and the sort.
struct SavedView
{
    QString name;
    OrdersFilter filter;
    //! An OrdersTableModel::Column; -1 = none (the table keeps its sort)
    int sortColumn = OrdersTableModel::DueColumn;
    Qt::SortOrder sortOrder = Qt::AscendingOrder;

    friend bool operator==(const SavedView &, const SavedView &) = default;
};

//! \brief The dispatcher's saved orders views, kept in QSettings (one group per view under
//! `orderViews`), so every window and the next start see them.
class SavedViews
{
public:
    //! Reads and writes \a settings (not owned), under \a group.
    explicit SavedViews(QSettings *settings, QString group = QStringLiteral("orderViews"));

    //! The names of the saved views, case-insensitively sorted.
    [[nodiscard]] QStringList names() const;
    //! Saves \a view under its name, trimmed (replacing a view of that name). False for a blank
    //! name.
    bool save(SavedView view);
    void remove(const QString &name);
    //! The view saved as \a name; nullopt when there is none. Unknown statuses are left out, and
    //! a sort column the table does not have is none (-1).
    [[nodiscard]] std::optional<SavedView> load(const QString &name) const;

private:
    QSettings *m_settings;
    QString m_group;
};

} // namespace Ops
