#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <utility>

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

//! \brief Reads the columns of a query's current row in the order of its SELECT list: each read
//! takes the column after the last one read, so a row reader names no column numbers that must
//! stay in step with the list. Read every column in turn (into a local where it is used later);
//! a reader that stops early leaves the rest unread.
class RowReader
{
public:
    explicit RowReader(const QSqlQuery &query)
        : m_query(query)
    { }

    //! The next column as it is (a NULL is a null QVariant).
    [[nodiscard]] QVariant next() { return m_query.value(m_column++); }
    //! The next column as text.
    [[nodiscard]] QString text() { return next().toString(); }
    //! The next column as a timestamp stored by isoTime() (invalid when NULL or unreadable).
    [[nodiscard]] QDateTime time() { return fromIsoTime(next()); }
    //! The next column as an optional number (see Sql::optionalDouble()).
    [[nodiscard]] std::optional<double> optionalDouble() { return Sql::optionalDouble(next()); }

private:
    const QSqlQuery &m_query;
    int m_column = 0;
};

//! \brief A statement prepared once per SQLite connection and reused: the SQL text is parsed
//! and planned the first time a connection runs it, not on every call (SQLite's parser was a
//! large part of the server's time per GPS report). On PostgreSQL it is a query of its own, as
//! QSqlQuery would be.
//!
//! Use it like a QSqlQuery prepared with \a sql (forward only when \a reading says so): bind,
//! run, read. Its destructor resets the statement (an unfinished read holds no snapshot and no
//! lock). Statements are kept per connection and thread; Database drops a connection's
//! statements before closing it (forgetStatements). A second Statement of the same
//! text alive at the same time, a text that does not prepare, or a connection already holding many
//! texts gets a query of its own, as QSqlQuery would.
class Statement
{
public:
    enum class Reading {
        Buffered, //!< as QSqlQuery by default: rows may be read back (PostgreSQL: all fetched)
        //! QSqlQuery::setForwardOnly(): rows read once, in order, as they come (PostgreSQL:
        //! another statement run meanwhile discards the rest)
        ForwardOnly,
    };

    Statement(const QSqlDatabase &db, const QString &sql, Reading reading = Reading::Buffered);
    ~Statement();
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    [[nodiscard]] QSqlQuery &operator*() { return *m_query; }
    [[nodiscard]] QSqlQuery *operator->() { return m_query; }

    struct Kept; //!< a connection's statement and whether a Statement is using it

private:
    std::shared_ptr<Kept> m_kept; //!< shared with the connection's statements, when kept
    std::optional<QSqlQuery> m_own;
    QSqlQuery *m_query = nullptr;
};

//! Drops the statements kept for connection \a connectionName on this thread.
void forgetStatements(const QString &connectionName);
//! Statements Statement has prepared in this process, kept or not.
[[nodiscard]] qint64 preparedStatements();
//! Statements kept for \a connectionName on this thread (for tests).
[[nodiscard]] qsizetype keptStatements(const QString &connectionName);

//! The row \a sql selects with \a values bound (the first, when it selects several), read by
//! \a fromRow (a QSqlQuery on the row → std::optional of the row type); none when there is no
//! row, \a fromRow refuses it, or the query fails (counted and logged as \a what). A kept
//! Statement: the look-up of one row by its key, which every write does first.
template<typename FromRow>
[[nodiscard]] auto selectOne(const QSqlDatabase &db, const QString &sql,
    std::initializer_list<QVariant> values, QLatin1StringView what, FromRow fromRow)
    -> decltype(fromRow(std::declval<const QSqlQuery &>()))
{
    Statement statement(db, sql);
    QSqlQuery &q = *statement;
    bind(q, values);
    if (!run(q, what) || !q.next())
        return std::nullopt;
    return fromRow(q);
}

//! Runs \a sql (no placeholders; may be transaction control) as a kept Statement on SQLite, as
//! text on PostgreSQL; a failure is counted and logged.
bool execute(const QSqlDatabase &db, const QString &sql);

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
