#pragma once

#include <initializer_list>
#include <optional>

#include <QDateTime>
#include <QLatin1StringView>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "core/error.h"

//! \file The storage room's SQL plumbing, shared by its repositories and never used outside
//! the room: statement execution that counts failures, transactions, WHERE building, and the
//! conversions both dialects agree on.

namespace Ops::Sql {

//! Timestamps are stored as ISO 8601 UTC text with milliseconds (sorts as it reads).
[[nodiscard]] QString isoTime(const QDateTime &t);
[[nodiscard]] QDateTime fromIsoTime(const QVariant &value);
[[nodiscard]] QDateTime nowUtc();

//! Binds \a values to \a query's placeholders, in order.
void bind(QSqlQuery &query, std::initializer_list<QVariant> values);
//! Executes a prepared \a query; a failure is counted and logged with \a what.
bool run(QSqlQuery &query, QLatin1StringView what);
//! Executes \a sql on \a query; a failure is counted and logged.
bool runStatement(QSqlQuery &query, const QString &sql);
//! Failed SQL statements in this process.
[[nodiscard]] qint64 failedStatements();

[[nodiscard]] bool isPostgres(const QSqlDatabase &db);

//! A failure of \a db: Unavailable (503) when the connection itself is gone (PostgreSQL
//! restarted or unreachable), Storage (500) otherwise.
[[nodiscard]] Error storageError(const QSqlDatabase &db, const QString &message);

//! A null QString binds as SQL NULL; the schema wants empty text instead.
[[nodiscard]] QString text(const QString &value);
//! Typed SQL NULLs (PostgreSQL wants the type even of a NULL parameter).
[[nodiscard]] QVariant nullDouble();
[[nodiscard]] QVariant nullText();
//! Empty text as SQL NULL (an optional reference such as `driver_id`).
[[nodiscard]] QVariant textOrNull(const QString &value);
[[nodiscard]] QVariant timeOrNull(const QDateTime &value);

//! Next id "<prefix>-nnnnn" of \a table (the number at least \a width digits), inside the
//! caller's write transaction.
[[nodiscard]] std::optional<QString> nextId(
    const QSqlDatabase &db, QLatin1StringView table, QLatin1StringView prefix, int width = 5);
//! An optional number as a bound value (a typed NULL when unset).
[[nodiscard]] QVariant doubleOrNull(const std::optional<double> &value);
//! A column that may be NULL as an optional number.
[[nodiscard]] std::optional<double> optionalDouble(const QVariant &value);

//! \brief How long a commit waits for the disk.
enum class Durability {
    //! The commit returns once the change is on the disk (SQLite `synchronous = FULL`, the
    //! connection's setting; PostgreSQL's default): what a user was told is done survives a
    //! power cut.
    Full,
    //! The commit returns once the change is in the log, before the disk has it (SQLite
    //! `synchronous = NORMAL` in WAL mode, PostgreSQL `synchronous_commit = off`, for this
    //! transaction only). A power cut or an OS crash may lose the last such commits — never a
    //! Full one, nor one before it — and leaves the database consistent; a process crash loses
    //! nothing. For writes a newer one supersedes within seconds: a phone's position.
    Relaxed,
};

//! \brief Commits explicitly; rolls back if it goes out of scope uncommitted.
class Transaction
{
public:
    enum class Mode {
        Deferred, //!< a read: one snapshot for every statement
        Immediate, //!< a write: takes the write lock before reading anything
    };

    Transaction(const QSqlDatabase &db, Mode mode, Durability durability = Durability::Full);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    [[nodiscard]] bool isActive() const { return m_active; }
    [[nodiscard]] bool commit();

    //! True while a Transaction is open on \a db: a lost connection must then fail the
    //! transaction, never be re-opened under it (the rest would run outside any transaction).
    [[nodiscard]] static bool isInTransaction(const QSqlDatabase &db);

private:
    bool begin(Mode mode);
    //! After a Relaxed SQLite transaction: the connection's setting back to FULL.
    void restoreSynchronous();

    QSqlDatabase m_db;
    Durability m_durability;
    bool m_active = false;
};

//! \brief A WHERE clause built from optional parts, with its bound values in order.
struct Where
{
    QStringList clauses;
    QVariantList values;

    //! `column IN (…)`; nothing when \a list is empty.
    void addIn(QLatin1StringView column, const QStringList &list);
    void add(const QString &clause, const QVariant &value);
    [[nodiscard]] QString sql() const;
    void bind(QSqlQuery &q) const;
};

} // namespace Ops::Sql
