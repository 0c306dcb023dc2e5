#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ops {

//! \brief The server's config file: `key = value` lines, `#` comments and blank lines; keys
//! are the long command-line option names.
//!
//! Strict: a line without `=`, an unknown key, a key given twice, an empty value, a value for
//! a flag other than true/false, or a non-UTF-8 file is an error `file:line: reason`. Values
//! are taken verbatim after trimming (no quotes, no escapes, no inline comments).
class ConfigFile
{
public:
    //! \brief What the file says about one key.
    struct Entry
    {
        QString key;
        QString value;
        int line = 0;
    };

    //! \a valueKeys take a value; \a flagKeys are switches (`true` or `false`).
    ConfigFile(QStringList valueKeys, QStringList flagKeys);

    //! Also accepts keys `<prefix><name>.<field>` (a group of settings per named thing, such as
    //! `webhook.shop.url`): `<name>` is 1 to 64 of `A-Z a-z 0-9 _ -` and `<field>` one of
    //! \a fields. They are not command-line options: groupEntries() has them.
    void addGroup(const QString &prefix, const QStringList &fields);

    //! Reads and parses \a path; false (and error()) on the first problem.
    bool load(const QString &path);
    //! Parses \a text as if read from \a fileName.
    bool parse(const QByteArray &text, const QString &fileName);

    //! `file:line: reason` after a failed load() or parse().
    [[nodiscard]] QString error() const { return m_error; }
    //! The entries in file order.
    [[nodiscard]] const QList<Entry> &entries() const { return m_entries; }
    //! `file:line` of \a key, empty when the file does not set it.
    [[nodiscard]] QString origin(const QString &key) const;
    [[nodiscard]] QString fileName() const { return m_fileName; }

    //! Command-line arguments that say what the file says (`--key value`, `--flag`), to go
    //! before the real arguments so that those override them. Group keys are left out.
    [[nodiscard]] QStringList toArguments() const;
    //! The entries of the group \a prefix (see addGroup()), in file order.
    [[nodiscard]] QList<Entry> groupEntries(const QString &prefix) const;

private:
    bool fail(int line, const QString &reason);

    [[nodiscard]] QString groupOf(const QString &key) const;

    QStringList m_valueKeys;
    QStringList m_flagKeys;
    QHash<QString, QStringList> m_groups; //!< prefix → fields
    QString m_fileName;
    QString m_error;
    QList<Entry> m_entries;
};

} // namespace Ops
