export { createNeed, getNeed, listNeeds, updateNeed, deleteNeed } from './need.service';
export { detectLanguage } from './detect-language';
