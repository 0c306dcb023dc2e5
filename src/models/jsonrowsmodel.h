#pragma once

#include <memory>

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>

#include "query/querykey.h"

namespace Ops {

class QueryClient;
class QueryObserver;

//! \brief The rows of one cached list query (a JSON array of objects with an id) as a table.
//!
//! The base of the panel models: it observes the query, diffs each new snapshot by row id and
//! emits exact beginRemoveRows / dataChanged (changed columns, with changedRoles()) /
//! beginInsertRows; never a reset for an incremental change. Subclasses say how a row shows.
class JsonRowsModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonRowsModel)

public:
    enum Role {
        IdRole = Qt::UserRole,
        SortRole, //!< raw value for sorting
        RowRole, //!< the whole row as a QJsonObject
        FirstSubclassRole,
    };
    Q_ENUM(Role)

    //! Observes \a key in \a client (none when \a key is empty: setKey() later).
    JsonRowsModel(QueryClient *client, QueryKey key, QObject *parent = nullptr);
    ~JsonRowsModel() override;

    //! Switches to another query: the source is swapped, so this is the one reset.
    void setKey(QueryKey key);
    [[nodiscard]] const QueryKey &key() const { return m_key; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;

    [[nodiscard]] int rowOf(const QString &id) const { return m_index.value(id, -1); }
    [[nodiscard]] const QJsonObject &rowAt(int row) const { return m_rows.at(row); }
    [[nodiscard]] QString idAt(int row) const { return rowIdOf(m_rows.at(row)); }
    [[nodiscard]] const QList<QJsonObject> &rows() const { return m_rows; }
    //! True once the query delivered data.
    [[nodiscard]] bool hasData() const { return m_hasData; }
    //! The last error of the query (empty when fine).
    [[nodiscard]] QString errorText() const { return m_error; }

    //! Applies a snapshot directly (what the query observer does on every change).
    void applySnapshot(const QJsonArray &rows);

Q_SIGNALS:
    //! The query's status changed (loaded, failed): read hasData() and errorText().
    void statusChanged();

protected:
    //! The row's id (default: the "id" field; numbers as decimal text).
    [[nodiscard]] virtual QString rowIdOf(const QJsonObject &row) const;
    //! Whether \a row belongs in the model (a client-side filter; default: all).
    [[nodiscard]] virtual bool acceptsRow(const QJsonObject &row) const;
    //! What \a row shows in \a column for \a role (roles below FirstSubclassRole included).
    [[nodiscard]] virtual QVariant cell(const QJsonObject &row, int column, int role) const = 0;
    //! The roles a changed cell reports in dataChanged().
    [[nodiscard]] virtual QList<int> changedRoles() const;

private:
    void onQueryChanged();
    void rebuildIndex(int fromRow = 0);

    QueryClient *m_client;
    QueryKey m_key;
    std::unique_ptr<QueryObserver> m_observer;
    QList<QJsonObject> m_rows;
    QHash<QString, int> m_index;
    bool m_hasData = false;
    QString m_error;
};

} // namespace Ops
