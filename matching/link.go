package matching

import "slices"

// Identity is how one response names its respondent, as Link compares it:
// the email and name folded, the phone normalized.
type Identity struct{ Email, Phone, Name string }

// IdentityOf is the Identity of a response's answers as typed.
func IdentityOf(email, phone, name string) Identity {
	return Identity{Email: Fold(email), Phone: NormalizePhone(phone), Name: Fold(name)}
}

// Link groups responses, given in submission order by who gave them, into
// people: each person is the indexes of their responses, ascending, and
// people come in the order of their earliest response.
//
// Two responses are one person when they give:
//   - the same email;
//   - the same phone number (NormalizePhone'd), unless that phone is shared
//     by several people with different emails: then a response with that
//     phone and no email joins the one of them who answered under the same
//     name, and stays apart (with the other email-less responses for that
//     phone) when there is no such person or more than one, rather than
//     guessing;
//   - the same name, but only between responses that give neither an email
//     nor a phone: a name alone is too weak to join anything else.
//
// Two different emails are always two people, even on a shared phone (a
// family's landline, a shared mobile).
func Link(as []Identity) [][]int {
	// The earlier answer is always the root, so a person's root is their
	// earliest answer.
	sets := newSets(len(as))
	find, union := sets.find, sets.union

	// 1. The same email.
	byEmail := map[string]int{}
	for i, a := range as {
		if a.Email == "" {
			continue
		}
		if j, ok := byEmail[a.Email]; ok {
			union(j, i)
		} else {
			byEmail[a.Email] = i
		}
	}
	// 2. The same name, between answers with no email and no phone.
	byName := map[string]int{}
	for i, a := range as {
		if a.Email != "" || a.Phone != "" {
			continue
		}
		if j, ok := byName[a.Name]; ok {
			union(j, i)
		} else {
			byName[a.Name] = i
		}
	}
	// 3. The same phone. Step 1 made the people with an email, and this
	// step never joins two of them, so each answer without an email (it
	// has one phone) is settled by the people with an email behind its
	// phone as step 1 left them: the order phones are taken in does not
	// matter.
	names := map[int]map[string]bool{} // person with an email -> names they answered under
	for i, a := range as {
		if a.Email == "" || a.Name == "" {
			continue
		}
		r := find(i)
		if names[r] == nil {
			names[r] = map[string]bool{}
		}
		names[r][a.Name] = true
	}
	type phoneUse struct {
		withEmail []int // roots of the people with an email who gave the phone, in order
		without   []int // answers with no email that gave it
	}
	uses := map[string]*phoneUse{}
	var phones []string
	for i, a := range as {
		if a.Phone == "" {
			continue
		}
		u := uses[a.Phone]
		if u == nil {
			u = &phoneUse{}
			uses[a.Phone] = u
			phones = append(phones, a.Phone)
		}
		if a.Email == "" {
			u.without = append(u.without, i)
		} else if r := find(i); !slices.Contains(u.withEmail, r) {
			u.withEmail = append(u.withEmail, r)
		}
	}
	for _, ph := range phones {
		u := uses[ph]
		if len(u.withEmail) <= 1 {
			for _, i := range u.without {
				union(u.without[0], i)
			}
			if len(u.withEmail) == 1 && len(u.without) > 0 {
				union(u.withEmail[0], u.without[0])
			}
			continue
		}
		// A shared phone: several people with different emails gave it.
		apart := -1
		for _, i := range u.without {
			owner := -1
			for _, r := range u.withEmail {
				if as[i].Name != "" && names[r][as[i].Name] {
					if owner >= 0 {
						owner = -1
						break
					}
					owner = r
				}
			}
			switch {
			case owner >= 0:
				union(owner, i)
			case apart < 0:
				apart = i
			default:
				union(apart, i)
			}
		}
	}

	byRoot := map[int]int{} // root -> index in people
	var people [][]int
	for i := range as {
		r := find(i)
		k, ok := byRoot[r]
		if !ok {
			k = len(people)
			byRoot[r] = k
			people = append(people, nil)
		}
		people[k] = append(people[k], i)
	}
	return people
}
