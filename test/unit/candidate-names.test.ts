// Who the notes name, as candidates for the consultation's known people (src/privacy/names.ts): the shapes that
// name a person, and the look-alikes that do not (a bullet's first word, a list of places).
import { expect } from 'chai';
import { candidateNamesInText } from '../../src/privacy/names.ts';

describe('privacy: candidate names in notes', () => {
  it('finds signatures, presenters after a heading\'s topic and the people a session was led by', () => {
    const notes = [
      'Thanks all',
      '— Ana Lukić',
      '-- Marta Kovač, UNDP',
      '~ Goran Petrović (Youth Council)',
      'Introduction, Nadia Okafor UNFPA',
      'Survey results, Ela Ionescu and Tariq Haddad, UN Women',
      'The second half was moderated by Dr Senad Hodžić, who asked each table for one barrier.',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Ana Lukić', 'Ela Ionescu', 'Goran Petrović', 'Marta Kovač', 'Nadia Okafor', 'Senad Hodžić', 'Tariq Haddad']);
  });

  it('finds people named with a title (Ms, Dr, Mr, Prof), also when the session\'s verb opens the line', () => {
    const notes = [
      '### Deputy Minister of Health, Ms Aurelia Grosu-Țurcanu',
      'Presented by Dr Sergiu Rotaru, project coordinator',
      '**A (Mr. Țîcu):** E-prescription already exists.',
      'Prof Lindqvist said the model travels.',
    ].join('\n');
    expect(candidateNamesInText(notes).sort()).to.deep.equal(['Aurelia Grosu-Țurcanu', 'Lindqvist', 'Sergiu Rotaru', 'Țîcu']);
  });

  it('takes no bullet\'s first word, no list of places and no organisation for a person', () => {
    const notes = [
      '- Scam messages in our language make people distrust everything',
      '- Teachers need training before the tablets arrive',
      '– Cheaper data packages for pensioners.',
      'Places, Novi Sad and Banja Luka, Serbia',
      'It was presented by the Ministry of Education and hosted by UNICEF.',
    ].join('\n');
    expect(candidateNamesInText(notes)).to.deep.equal([]);
  });
});
