#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/error.h"

namespace Ops {

//! \brief The users file as an operator edits it (`opsboard-server users …`): add a user with a
//! new random token, remove one, rotate one's token, list them. Only SHA-256 hashes of tokens
//! are stored; a new token is returned once, to be shown once. Keys this class does not know
//! (in the file or in an entry) are kept as they are.
class UsersFile
{
public:
    //! \brief One user as the file has it (never the token itself).
    struct Entry
    {
        QString name;
        QString role;
        QStringList regions;
        QString driverId; //!< the driver this user is, for the driver role; empty: none
    };

    //! Reads \a path. A file that does not exist is an empty file (the first `users add`
    //! creates it); an unreadable or malformed one is an error naming the problem.
    [[nodiscard]] Error load(const QString &path);
    //! Writes the file atomically (a new file renamed over the old one, so a server watching it
    //! never reads half of it), readable by its owner only, after checking that the server
    //! would accept it (Auth::loadJson()).
    [[nodiscard]] Error save() const;

    [[nodiscard]] QList<Entry> entries() const;
    //! Adds user \a name (1 to 64 of `A-Z a-z 0-9 . _ @ -`, not taken yet) with \a role (a name
    //! User::roleFromName() knows), \a regions (empty: all) and \a driverId (empty: none); the
    //! new token goes to \a token.
    [[nodiscard]] Error add(const QString &name, const QString &role, const QStringList &regions,
        const QString &driverId, QString *token);
    //! Removes user \a name (NotFound when there is none).
    [[nodiscard]] Error remove(const QString &name);
    //! Gives user \a name a new token (to \a token); the old one stops working.
    [[nodiscard]] Error rotate(const QString &name, QString *token);

    //! A new random token: `ops_` and 43 characters of base64url (256 random bits).
    [[nodiscard]] static QString newToken();

private:
    [[nodiscard]] int indexOf(const QString &name) const;

    QString m_path;
    QJsonObject m_root;
};

} // namespace Ops
