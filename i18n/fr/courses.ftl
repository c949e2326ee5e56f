# L'interface du lecteur de cours (français).

## Cadre de chaque page
skip-link = Aller au contenu
end-session = Terminer la session
signed-in-as = Connecté·e en tant que { $name }
who-learner = apprenant·e
who-instructor = formateur·rice
nav-label = Formation
nav-dashboard = Ma formation
nav-role = Métier : { $role }
nav-choose-role = Choisir votre métier
language-label = Langue
language-apply = Changer
minutes = { $n } min

## Métiers
role-title = Quel est votre métier ?
role-intro = Votre formation s'adapte à votre travail. Choisissez le métier qui vous correspond le mieux ; vous pourrez le modifier plus tard.
role-legend = Mon métier
role-save = Enregistrer et continuer
role-required = Veuillez choisir l'un des métiers.
role-fixed = Votre cours a configuré cette activité pour un seul métier ({ $role }) ; il ne peut donc pas être modifié ici.
role-cl = Médecin
role-cl-desc = Médecins et autres professionnels médicaux qui posent des diagnostics, prescrivent et soignent.
role-nu = Soins infirmiers et paramédical
role-nu-desc = Infirmiers, sages-femmes, thérapeutes et autres soignants auprès des patients, en service comme en consultation.
role-ad = Administration
role-ad-desc = Accueil, dossiers patients, facturation, finances, achats et ressources humaines.
role-it = Informatique et ingénierie biomédicale
role-it-desc = Les personnes qui gèrent les ordinateurs, réseaux, systèmes et dispositifs médicaux de l'hôpital.
role-mg = Direction et conseil d'administration
role-mg-desc = Chefs de service, directeurs et administrateurs qui prennent les décisions et répondent des risques.
role-tr = Formateur
role-tr-desc = Formateurs, équipes de protection des données et référents de sensibilisation qui forment les autres.

## Tableau de bord et parcours
dash-title = Ma formation
dash-path = Votre parcours
dash-no-path = Il n'existe pas encore de parcours pour votre métier. Choisissez librement un module ci-dessous.
dash-all-modules = Tous les modules
dash-other-modules = Autres modules
path-progress = { $done } modules réussis sur { $total }
path-complete = Vous avez terminé ce parcours.
col-module = Module
col-status = État
col-first = Premier essai
col-best = Meilleur score
status-not_started = Pas commencé
status-in_progress = En cours
status-passed = Réussi
score-none = –
module-continue = Continuer

## Présentation du module
module-lessons = Leçons
module-resume = Reprendre là où vous vous êtes arrêté·e : { $title }
module-begin = Commencer par la première leçon
lesson-seen = Lue
lesson-skipped = Passée (test de positionnement réussi)
lesson-new = Pas encore lue
fallback-note = Ce module n'est pas encore disponible dans votre langue ; il est donc présenté en anglais.
module-quiz = Quiz
quiz-about = Chaque essai tire { $items } questions au hasard. Vous réussissez avec { $mark } % ou plus.
quiz-must-pass-about = Certaines questions doivent obligatoirement être réussies.
quiz-start = Commencer le quiz
quiz-retake = Refaire le quiz avec de nouvelles questions
quiz-attempts = Essais jusqu'ici : { $n }
quiz-passed-note = Vous avez réussi ce module.
testout-title = Vous connaissez déjà le sujet ?
testout-about = Passez le test de positionnement au lieu des leçons. Si vous le réussissez, les leçons sont marquées comme passées et le module est validé.
testout-start = Passer le test de positionnement
module-related = Modules associés

## Leçon
lesson-position = Leçon { $n } sur { $count }
lesson-outcome = À la fin de cette leçon, vous saurez :
lesson-previous = Leçon précédente
lesson-next = Leçon suivante
lesson-to-quiz = Passer au quiz
lesson-overview = Présentation du module
lesson-pager = Leçons de ce module

## Quiz
quiz-title = Quiz
testout-page-title = Test de positionnement
quiz-instructions = Répondez aux questions puis envoyez vos réponses à la fin. Rien n'est enregistré avant l'envoi.
quiz-question = Question { $n } sur { $count }
quiz-must-pass = Doit être réussie pour valider le quiz.
quiz-choose-one = Choisissez une réponse.
quiz-choose-many = Choisissez toutes les réponses qui conviennent.
quiz-red-flags = Choisissez tous les signaux d'alerte de ce message.
quiz-message = Le message
quiz-order = Numérotez les étapes dans le bon ordre : 1 pour la première.
quiz-match = Choisissez la bonne correspondance pour chaque élément.
quiz-pick = Choisir…
quiz-submit = Envoyer mes réponses
quiz-incomplete = Certaines questions ne sont que partiellement remplies. Donnez à chaque étape un numéro différent et choisissez une correspondance pour chaque élément, ou laissez la question vide.
quiz-blank = Vous n’avez encore répondu à aucune question. Répondez-y puis envoyez de nouveau le quiz ; si vous l’envoyez encore vide, il compte comme une tentative à 0 %.
quiz-item-incomplete = Cette question n'est que partiellement remplie.

## Résultat
result-title = Votre résultat
result-score = Vous avez obtenu { $percent } % ({ $correct } bonnes réponses sur { $total }).
result-passed = Réussi. Bravo !
result-failed = Pas encore réussi. Il faut { $mark } % et toutes les questions signalées « doit être réussie ».
result-missed-must = Vous avez manqué une question qui doit obligatoirement être réussie.
result-testout-passed = Test de positionnement réussi : les leçons de ce module sont marquées comme passées.
result-scores = Premier essai : { $first } %. Meilleur score : { $best } %.
result-correct = Correct
result-wrong = Incorrect
result-unanswered = Sans réponse
result-answer = La bonne réponse
result-why = Pourquoi
result-source = Source
result-retake = Réessayer avec de nouvelles questions
result-back = Retour au module
result-next = Suite : { $module }
result-certificates = Vos certificats

## Problèmes
notfound-title = Introuvable
notfound-module = Cette activité demande le module « { $id } », qui n'existe pas dans le catalogue.
notfound-path = Cette activité demande le parcours « { $id } », qui n'existe pas dans le catalogue.
notfound-lesson = La leçon « { $id } » ne fait pas partie de ce module pour votre métier.
notfound-attempt = Cet essai de quiz n'existe pas, ou il ne vous appartient pas.
notfound-activity = Activité : { $placement }
notfound-hint = Merci de prévenir l'enseignant de votre cours : il peut vérifier les paramètres de l'activité (paramètres personnalisés) dans le LMS.
notfound-address-module = Il n’existe pas de module « { $id } ». L’adresse est peut-être mal saisie ou périmée : ouvrez votre formation depuis le menu ci-dessus.
notfound-address-path = Il n’existe pas de parcours « { $id } ». L’adresse est peut-être mal saisie ou périmée : ouvrez votre formation depuis le menu ci-dessus.
setup-title = Cette activité n'est pas correctement configurée
setup-job-role = L'activité fixe job_role à « { $value } ». Les valeurs possibles sont CL, NU, AD, IT, MG ou TR.
setup-pass-mark = L'activité fixe pass_mark à « { $value } ». Il faut un pourcentage entier de 1 à 100.
setup-graded = L'activité fixe graded à « { $value } ». Les valeurs possibles sont module, path ou none.
stale-title = Ce module a changé
stale-text = Le module a été mis à jour après le début de ce quiz, qui ne peut donc pas être noté. Veuillez commencer un nouvel essai.
invalid-title = Ces réponses ne peuvent pas être acceptées
invalid-text = Les réponses envoyées n'appartiennent pas à cet essai ; rien n'a été noté. Rouvrez le quiz depuis la page du module.
