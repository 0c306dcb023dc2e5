#pragma once

#include <memory>
#include <optional>

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>

#include "query/querykey.h"

namespace Ops {

class QueryClient;
class QueryObserver;

//! \brief The rows of one cached list query (versioned rows with an id) as a table: the one
//! place that turns a new value of the query into exact model signals.
//!
//! Each notification of the query is applied as the cache's row change set says (a 10k-row
//! refetch with one changed row reads one row; nothing is diffed again here). Only when the
//! model and the cache are not in step (the first value, another key, a rejected snapshot) is
//! the whole list compared by id. Then:
//! - removed rows: beginRemoveRows per contiguous range, highest first, with the id index
//!   rebuilt before endRemoveRows (a slot of rowsRemoved may look rows up);
//! - changed rows: dataChanged over the columns whose display, sort value or colour changed,
//!   with changedRoles(); when more than half the rows changed, one dataChanged over all;
//! - new rows: one beginInsertRows block at the end (a proxy decides the visible order);
//! - never a reset for an incremental change (setKey() swaps the source: that one resets).
//!
//! Whether a row shows an optimistic write not yet confirmed comes from the query layer
//! (QueryObserver::pendingRowIds), not from the data. Subclasses store rows in their own form
//! (TypedRowDiffModel) and supply columns and cells.
class RowDiffModel : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowDiffModel)

public:
    ~RowDiffModel() override;

    //! Switches to another query: the source is swapped, so this is the one reset.
    void setKey(QueryKey key);
    [[nodiscard]] const QueryKey &key() const { return m_key; }

    [[nodiscard]] int rowCount(const QModelIndex &parent = {}) const override;
    [[nodiscard]] QVariant data(
        const QModelIndex &index, int role = Qt::DisplayRole) const override;

    [[nodiscard]] int rowOf(const QString &id) const { return m_index.value(id, -1); }
    [[nodiscard]] QString idAt(int row) const { return m_ids.at(row); }
    //! Whether the row shows an optimistic write the server has not confirmed yet.
    [[nodiscard]] bool isPending(int row) const { return m_state.at(row).pending; }
    //! Steady-clock ms of the row's last change seen while shown; 0 = none (first fill).
    [[nodiscard]] qint64 changedAt(int row) const { return m_state.at(row).changedAt; }
    //! When any row last changed (steady-clock ms; 0 = never).
    [[nodiscard]] qint64 lastChangeAt() const { return m_lastChangeAt; }
    //! True once the query delivered data.
    [[nodiscard]] bool hasData() const { return m_hasData; }
    //! The last error of the query (empty when fine).
    [[nodiscard]] QString errorText() const { return m_error; }

    //! Applies a whole list (what a notification without a row change set does); ids in
    //! \a pending show as unconfirmed optimistic writes.
    void applySnapshot(const QJsonArray &rows, const QSet<QString> &pending = {});

    //! Steady-clock milliseconds (the clock of changedAt()).
    [[nodiscard]] static qint64 steadyNowMs();

Q_SIGNALS:
    //! The query's status changed (loaded, failed): read hasData() and errorText().
    void statusChanged();
    //! The cache held data the model could not read (logged; the last good rows stay).
    void snapshotRejected(const QString &reason);

protected:
    //! Reads \a client; the most derived class calls setKey() in its constructor (the cells
    //! exist only then). \a versionedRows: the rows' version changes with every change of a
    //! row (QueryOptions::versionedRows).
    RowDiffModel(QueryClient *client, bool versionedRows, QObject *parent);

    //! What row \a row shows in \a column for \a role.
    [[nodiscard]] virtual QVariant rowCell(int row, int column, int role) const = 0;
    //! The roles a changed cell reports in dataChanged().
    [[nodiscard]] virtual QList<int> changedRoles() const = 0;
    //! Whether \a row belongs in the model (a client-side filter; default: all).
    [[nodiscard]] virtual bool acceptsRow(const QJsonObject &row) const;
    //! The row's id (default: RowList::idOf).
    [[nodiscard]] virtual QString rowIdOf(const QJsonObject &row) const;
    //! The role whose value (a sort key) decides, with display and colour, which columns of a
    //! changed row changed.
    [[nodiscard]] virtual int sortRole() const { return Qt::UserRole + 1; }

    // Storage of the subclass (TypedRowDiffModel implements these over a QList of its rows).
    //! Reads \a json into the staging list; false (with \a error) rejects the whole snapshot.
    virtual bool stage(const QJsonObject &json, QString *error) = 0;
    virtual void clearStaged() = 0;
    //! Staged row \a staged equals stored row \a row.
    [[nodiscard]] virtual bool stagedEquals(qsizetype staged, int row) const = 0;
    virtual void replaceWithStaged(int row, qsizetype staged) = 0;
    virtual void appendStaged(qsizetype staged) = 0;
    virtual void removeStored(int first, int count) = 0;
    virtual void clearStored() = 0;

private:
    struct RowState
    {
        qint64 changedAt = 0;
        bool pending = false;
    };
    struct Incoming
    {
        QString id;
        QJsonObject json;
    };
    void onQueryChanged();
    //! Removes \a removedIds, then upserts \a incoming by id; \a full: \a incoming is the
    //! whole list (rows not in it are removed too).
    void apply(const QStringList &removedIds, const QList<Incoming> &incoming,
        const QSet<QString> &pending, bool full);
    void removeRowsAt(QList<int> rows);
    void rebuildIndex(int fromRow);

    QueryClient *m_client;
    QueryKey m_key;
    bool m_versionedRows;
    std::unique_ptr<QueryObserver> m_observer;
    QList<QString> m_ids;
    QList<RowState> m_state; //!< parallel to the rows
    QHash<QString, int> m_index;
    QSet<QString> m_pendingIds; //!< pending at the last notification
    qint64 m_lastChangeAt = 0;
    bool m_synced = false; //!< the rows equal the cache's last value (change sets apply)
    bool m_hasData = false;
    QString m_error;
};

//! \brief RowDiffModel storing each row as \a Row (e.g. a parsed DTO), read by decode().
template<typename Row> class TypedRowDiffModel : public RowDiffModel
{
public:
    [[nodiscard]] const QList<Row> &storedRows() const { return m_rows; }

protected:
    using RowDiffModel::RowDiffModel;

    //! Reads one row; nullopt (with \a error) rejects the whole snapshot.
    [[nodiscard]] virtual std::optional<Row> decode(
        const QJsonObject &json, QString *error) const = 0;

    bool stage(const QJsonObject &json, QString *error) override
    {
        auto row = decode(json, error);
        if (!row)
            return false;
        m_staged.append(std::move(*row));
        return true;
    }
    void clearStaged() override { m_staged.clear(); }
    [[nodiscard]] bool stagedEquals(qsizetype staged, int row) const override
    {
        return m_staged.at(staged) == m_rows.at(row);
    }
    void replaceWithStaged(int row, qsizetype staged) override
    {
        m_rows[row] = std::move(m_staged[staged]);
    }
    void appendStaged(qsizetype staged) override { m_rows.append(std::move(m_staged[staged])); }
    void removeStored(int first, int count) override { m_rows.remove(first, count); }
    void clearStored() override { m_rows.clear(); }

private:
    QList<Row> m_rows;
    QList<Row> m_staged;
};

} // namespace Ops
